from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Django's Argon2id hasher with its cost taken from the settings (the environment).

    Django's defaults (100 MiB, 8 lanes) make every login cost a lot of memory and CPU; the
    settings default to OWASP's minimum instead. The algorithm name stays "argon2", so hashes
    made here verify with Django's own hasher too, and a hash made with other parameters is
    re-hashed at the next successful login (`must_update`).
    """

    @property
    def time_cost(self):
        return settings.ARGON2_TIME_COST

    @property
    def memory_cost(self):
        return settings.ARGON2_MEMORY_COST_KIB

    @property
    def parallelism(self):
        return settings.ARGON2_PARALLELISM
