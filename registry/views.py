from django.shortcuts import render

from registry.selectors import organizations_visible_to


def organization_list(request):
    organizations = organizations_visible_to(request.user).select_related("commune")[:50]
    return render(request, "registry/organization_list.html", {"organizations": organizations})
