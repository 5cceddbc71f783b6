"""The tutorial's own checks, written the tutorial's way (APITestCase, djoser registration)."""

from django.urls import reverse
from rest_framework import status
from rest_framework.test import APITestCase

from accounts.models import UserProfile


class UserProfileTestCase(APITestCase):
    profile_list_url = reverse("all-profiles")

    def setUp(self):
        self.client.post("/auth/users/", data={"username": "mario", "password": "i-keep-jumping"})
        response = self.client.post(
            "/auth/jwt/create/", data={"username": "mario", "password": "i-keep-jumping"}
        )
        self.token = response.data["access"]
        self.client.credentials(HTTP_AUTHORIZATION="Bearer " + self.token)
        self.profile = UserProfile.objects.get(user__username="mario")

    def test_userprofile_list_authenticated(self):
        response = self.client.get(self.profile_list_url)
        self.assertEqual(response.status_code, status.HTTP_200_OK)

    def test_userprofile_list_unauthenticated(self):
        self.client.force_authenticate(user=None)
        response = self.client.get(self.profile_list_url)
        self.assertEqual(response.status_code, status.HTTP_401_UNAUTHORIZED)

    def test_userprofile_detail_retrieve(self):
        response = self.client.get(reverse("profile", kwargs={"pk": self.profile.pk}))
        self.assertEqual(response.status_code, status.HTTP_200_OK)
        self.assertEqual(response.data["user"], "mario")

    def test_userprofile_profile(self):
        profile_data = {
            "description": "I am a very famous game character",
            "location": "nintendo world",
            "is_organizer": "true",
        }
        response = self.client.put(
            reverse("profile", kwargs={"pk": self.profile.pk}), data=profile_data
        )
        self.assertEqual(response.status_code, status.HTTP_200_OK)
        self.profile.refresh_from_db()
        self.assertEqual(self.profile.location, "nintendo world")
        self.assertTrue(self.profile.is_organizer)
