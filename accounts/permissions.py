from rest_framework import permissions


class IsOwnerProfileOrReadOnly(permissions.BasePermission):
    """Anyone allowed by the view may read a profile; only its owner may change it."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.user_id == request.user.pk
