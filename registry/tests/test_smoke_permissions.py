from registry.selectors import organizations_visible_to


def test_commune_officer_sees_only_their_commune(personas):
    visible = set(organizations_visible_to(personas.commune_officer))
    assert visible == {personas.organization}


def test_province_officer_sees_the_province_but_not_others(personas):
    visible = set(organizations_visible_to(personas.province_officer))
    assert visible == {personas.organization, personas.other_organization}


def test_cooperative_sees_only_itself(personas):
    assert list(organizations_visible_to(personas.cooperative)) == [personas.organization]
