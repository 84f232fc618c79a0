"""Navigation for the base layout: each app contributes entries in `core.navigation.MENU`."""

from core.navigation import menu_for


def navigation(request):
    return {"nav_menu": menu_for(request)}
