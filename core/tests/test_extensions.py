from core.extensions import HookRegistry


def test_collect_flattens_lists_and_skips_none():
    registry = HookRegistry()
    registry.register("x", lambda **kw: [kw["n"], kw["n"] + 1])
    registry.register("x", lambda **kw: None)
    registry.register("x", lambda **kw: "one")
    assert registry.collect("x", n=1) == [1, 2, "one"]
    assert registry.collect("unknown") == []


def test_registering_the_same_provider_twice_keeps_one():
    registry = HookRegistry()

    def provider():
        return 1

    registry.register("x", provider)
    registry.register("x", provider)
    assert registry.collect("x") == [1]
