"""/auth/users/: djoser's user endpoints, through our subclass."""

from rest_framework.routers import SimpleRouter

from accounts.views import UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet)

urlpatterns = router.urls
