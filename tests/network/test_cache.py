"""The cache backend (network/cache.py): Django's Redis cache on the real Redis, with
one redis-py client reused per connection pool instead of one per operation."""

from django.core.cache import cache, caches

from network.cache import RedisCache


def test_the_default_cache_is_ours():
    assert isinstance(caches["default"], RedisCache)


def test_it_sets_gets_increments_and_deletes():
    cache.set("answer", 41)
    cache.set_many({"a": "uno", "b": {"dos": 2}})
    assert cache.get("answer") == 41
    assert cache.incr("answer") == 42
    assert cache.get("answer") == 42
    assert cache.get_many(["a", "b", "missing"]) == {"a": "uno", "b": {"dos": 2}}
    assert cache.add("answer", 0) is False
    cache.delete_many(["a", "b"])
    assert cache.get("a") is None and cache.get("b", "gone") == "gone"
    assert cache.delete("answer") is True
    assert cache.get("answer") is None


def test_two_operations_reuse_one_client():
    cache.set("k", 1)
    first = cache._cache.get_client("k", write=True)
    cache.incr("k")
    cache.get("k")
    assert cache._cache.get_client("k") is first
    assert cache._cache.get_client(None, write=True) is first
