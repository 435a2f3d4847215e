"""Django's Redis cache, reusing one redis-py client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache operation
(about 0.1 ms of Python each: the client copies its response callbacks on creation).
The rate limit on signing does three operations per request (add, then incr = exists
+ incr), so on the hottest path of the site that was a measurable share of the CPU
(see bench/sign.py). A `redis.Redis` is safe to share between threads; the pool under
it hands each command its own connection. Everything else is Django's backend.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id(pool) -> redis.Redis; the pools live as long as self

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
