"use strict";

// The API's origin comes from ?api=; the page itself may be served from anywhere listed in
// the API's CORS_ALLOWED_ORIGINS.
const API = (new URLSearchParams(location.search).get("api") || "http://127.0.0.1:8000").replace(/\/$/, "");

// Tokens live in this closure only: never in localStorage, where any script could read them.
let tokens = null;

const $ = (selector) => document.querySelector(selector);

function say(message) {
  $("#status").textContent = message;
  $("#error").hidden = true;
}

function complain(message) {
  $("#status").textContent = "";
  $("#error").textContent = message;
  $("#error").hidden = false;
}

class ApiError extends Error {
  constructor(status, body) {
    const fields = Object.entries(body || {})
      .filter(([key]) => key !== "detail" && key !== "code")
      .map(([key, messages]) => `${key}: ${[].concat(messages).join(" ")}`);
    super([body && body.detail ? body.detail : `HTTP ${status}`, ...fields].join("\n"));
    this.status = status;
    this.code = body && body.code;
  }
}

async function call(method, path, data, { retry = true } = {}) {
  const headers = { Accept: "application/json" };
  if (data !== undefined) headers["Content-Type"] = "application/json";
  if (tokens) headers.Authorization = `Bearer ${tokens.access}`;
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      body: data === undefined ? undefined : JSON.stringify(data),
      credentials: "omit",
    });
  } catch (networkOrCors) {
    throw new ApiError(0, { detail: `Could not reach the API at ${API} (is this origin allowed by CORS?)` });
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && body && body.code === "token_not_valid" && tokens && retry) {
    await refresh();
    return call(method, path, data, { retry: false });
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

async function refresh() {
  const refreshToken = tokens.refresh;
  tokens = null;
  try {
    const body = await call("POST", "/auth/jwt/refresh/", { refresh: refreshToken });
    tokens = { access: body.access, refresh: body.refresh || refreshToken };
  } catch (error) {
    showLoggedIn(false);
    throw new ApiError(401, { detail: "Your session has ended; log in again." });
  }
}

function formData(form) {
  const data = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    data[element.name] = element.type === "checkbox" ? element.checked : element.value;
  }
  return data;
}

function showProfile(user) {
  const profile = user.profile;
  $("#me-username").textContent = user.username;
  $("#me-email").textContent = user.email || "—";
  $("#me-role").textContent = profile ? (profile.is_organizer ? "Organizer" : "Attendee") : "No profile";
  $("#me-location").textContent = profile && profile.location ? profile.location : "—";
  $("#me-description").textContent = profile && profile.description ? profile.description : "—";
  const form = $("#profile-form");
  form.elements.location.value = profile ? profile.location : "";
  form.elements.description.value = profile ? profile.description : "";
  form.elements.is_organizer.checked = Boolean(profile && profile.is_organizer);
}

function showLoggedIn(loggedIn) {
  $("#logged-in").hidden = !loggedIn;
  $("#logged-out").hidden = loggedIn;
}

async function loadMe() {
  showProfile(await call("GET", "/auth/users/me/"));
  showLoggedIn(true);
}

function handle(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await action(formData(form), form);
    } catch (error) {
      complain(error.message);
    }
  });
}

handle($("#register-form"), async (data, form) => {
  if (!data.location) delete data.location;
  const user = await call("POST", "/auth/users/", data);
  form.reset();
  const login = $("#login-form");
  login.elements.username.value = user.username;
  login.elements.password.focus();
  say(`Registered ${user.username}. Log in now.`);
});

handle($("#login-form"), async (data, form) => {
  const body = await call("POST", "/auth/jwt/create/", data);
  tokens = { access: body.access, refresh: body.refresh };
  form.reset();
  await loadMe();
  say(`Logged in as ${$("#me-username").textContent}.`);
});

handle($("#profile-form"), async (data) => {
  await call("PATCH", "/api/accounts/profile/me/", data);
  await loadMe();
  say("Profile saved.");
});

$("#logout").addEventListener("click", async () => {
  try {
    // Revokes the refresh token where the API offers it; a 404 means it does not.
    await call("POST", "/auth/jwt/logout/", { refresh: tokens.refresh }, { retry: false });
  } catch (error) {
    if (error.status !== 404) console.warn("logout:", error.message);
  } finally {
    tokens = null;
    showLoggedIn(false);
    say("Logged out.");
  }
});

$("#api-url").textContent = API;

