from rest_framework import permissions


class IsOwnerProfileOrReadOnly(permissions.BasePermission):
    """Anyone allowed by the view may read a profile; only its owner may change it."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.user_id == request.user.pk


class UserRecordPermission(permissions.IsAuthenticated):
    """A user record of /auth/users/<id>/: your own, or someone else's with the model permission.

    Staff status alone grants nothing. Reading needs `view_user` (or `change_user`, as in the
    admin), changing `change_user`, deleting `delete_user`; a superuser's record is changed or
    deleted only by a superuser. Which records can be seen at all is the view's queryset
    (`users_visible_to`), so a record the caller may not see is a 404, not a 403.
    """

    method_permissions = {"PUT": "change", "PATCH": "change", "DELETE": "delete"}

    def has_object_permission(self, request, view, obj):
        caller = request.user
        if obj.pk == caller.pk:
            return True
        if request.method in permissions.SAFE_METHODS:
            return can_see_others(caller)
        if obj.is_superuser and not caller.is_superuser:
            return False
        action = self.method_permissions.get(request.method)
        return action is not None and caller.has_perm(
            f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"
        )


def can_see_others(user) -> bool:
    """Whether `user` may read other users' records through the API."""
    return user.has_perm("accounts.view_user") or user.has_perm("accounts.change_user")


def users_visible_to(user, users):
    """The part of the queryset `users` that `user` may see: everyone, or only themselves."""
    return users if can_see_others(user) else users.filter(pk=user.pk)
