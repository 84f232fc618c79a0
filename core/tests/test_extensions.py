from core.extensions import Hook


def test_collect_flattens_lists_and_skips_none():
    hook = Hook("x")
    hook.register(lambda **kw: [kw["n"], kw["n"] + 1])
    hook.register(lambda **kw: None)
    hook.register(lambda **kw: "one")
    assert hook.collect(n=1) == [1, 2, "one"]
    assert Hook("unknown").collect() == []


def test_registering_the_same_provider_twice_keeps_one():
    hook = Hook("x")

    def provider():
        return 1

    hook.register(provider)
    hook.register(provider)
    assert hook.collect() == [1]
    hook.unregister(provider)
    assert hook.providers() == []
