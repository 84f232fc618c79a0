def organization_panels(**kwargs):
    return []
