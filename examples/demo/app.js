"use strict";

// The API's origin comes from ?api=; the page itself may be served from anywhere listed in
// the API's CORS_ALLOWED_ORIGINS.
const params = new URLSearchParams(location.search);
const API = (params.get("api") || "http://127.0.0.1:8000").replace(/\/$/, "");
// The README's browser flow by default: the refresh token in the API's HttpOnly cookie, which
// no script can read. ?mode=bearer keeps it in memory instead, as a mobile app would; the
// cookie needs the page and the API on the same site (ports do not count).
const COOKIE_MODE = params.get("mode") !== "bearer";

// Tokens live in this closure only: never in localStorage, where any script could read them.
let access = null;
let refreshToken = null; // bearer mode only
let csrf = null; // cookie mode: the token to echo in X-CSRFToken; a login replaces it

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

// One request. Only the token calls of cookie mode send cookies (and then the CSRF token);
// every other call is authenticated by the Authorization header alone.
async function request(method, path, { data, bearer = true, cookies = false } = {}) {
  const headers = { Accept: "application/json" };
  if (data !== undefined) headers["Content-Type"] = "application/json";
  if (bearer && access) headers.Authorization = `Bearer ${access}`;
  if (cookies && method !== "GET") headers["X-CSRFToken"] = await csrfToken();
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      body: data === undefined ? undefined : JSON.stringify(data),
      credentials: cookies ? "include" : "omit",
    });
  } catch (networkOrCors) {
    throw new ApiError(0, { detail: `Could not reach the API at ${API} (is this origin allowed by CORS?)` });
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// From the body, not document.cookie: a page on another origin cannot read the API's cookies.
async function csrfToken() {
  if (!csrf) csrf = (await request("GET", "/auth/csrf/", { bearer: false, cookies: true })).csrf_token;
  return csrf;
}

// An API call with the access token; an expired one is refreshed once and the call repeated.
async function call(method, path, data) {
  try {
    return await request(method, path, { data });
  } catch (error) {
    if (error.status !== 401 || error.code !== "token_not_valid" || !access) throw error;
    await refresh();
    return request(method, path, { data });
  }
}

async function logIn(credentials) {
  const body = await request("POST", "/auth/jwt/create/", {
    data: credentials,
    bearer: false,
    cookies: COOKIE_MODE,
  });
  access = body.access;
  if (COOKIE_MODE) {
    csrf = null; // the login set a new CSRF cookie; the refresh token is in the other one
  } else {
    refreshToken = body.refresh;
  }
}

// A new token pair; the refresh token sent is spent, so bearer mode keeps the new one.
async function refresh() {
  try {
    const body = COOKIE_MODE
      ? await request("POST", "/auth/jwt/refresh/", { bearer: false, cookies: true })
      : await request("POST", "/auth/jwt/refresh/", { data: { refresh: refreshToken }, bearer: false });
    access = body.access;
    if (!COOKIE_MODE) refreshToken = body.refresh;
  } catch (error) {
    forget();
    throw new ApiError(401, { detail: "Your session has ended; log in again." });
  }
}

// Ends the session on the server: its refresh token (and access tokens) stop working.
async function logOut() {
  if (COOKIE_MODE) {
    await request("POST", "/auth/jwt/logout/", { bearer: false, cookies: true });
  } else {
    await request("POST", "/auth/jwt/logout/", { data: { refresh: refreshToken }, bearer: false });
  }
}

function forget() {
  access = null;
  refreshToken = null;
  showLoggedIn(false);
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
  await logIn(data);
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
    await logOut();
    say("Logged out.");
  } catch (error) {
    complain(`Forgot the tokens here, but the server did not end the session: ${error.message}`);
  } finally {
    forget();
  }
});

// Cookie mode survives a reload: the cookie, if any, gives a new access token.
async function resume() {
  try {
    await refresh();
  } catch (error) {
    return; // no session to resume: stay on the login page
  }
  await loadMe();
  say(`Welcome back, ${$("#me-username").textContent}.`);
}

$("#api-url").textContent = API;
$("#mode").textContent = COOKIE_MODE
  ? "the access token in memory and the refresh token in an HttpOnly cookie"
  : "both tokens in memory only";
if (COOKIE_MODE) resume().catch((error) => complain(error.message));
