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
    this.body = body;
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

let mfaToken = null; // a login waiting for its second factor

// A password login; for an account with a second factor, the 403 mfa_required instead, whose
// mfa_token the second step needs. Returns whether the login is complete.
async function logIn(credentials) {
  let body;
  try {
    body = await request("POST", "/auth/jwt/create/", {
      data: credentials,
      bearer: false,
      cookies: COOKIE_MODE,
    });
  } catch (error) {
    if (error.code !== "mfa_required") throw error;
    mfaToken = error.body.mfa_token;
    askSecondFactor(error.body.methods);
    return false;
  }
  keepTokens(body);
  return true;
}

// What every way of logging in ends with: the token pair (or, in cookie mode, the access token).
function keepTokens(body) {
  access = body.access;
  if (COOKIE_MODE) {
    csrf = null; // the login set a new CSRF cookie; the refresh token is in the other one
  } else {
    refreshToken = body.refresh;
  }
}

// The second step: a code, or a passkey; either answers like a login.
async function secondFactor(data) {
  const body = await request("POST", "/auth/mfa/authenticate/", {
    data: { mfa_token: mfaToken, ...data },
    bearer: false,
    cookies: COOKIE_MODE,
  });
  mfaToken = null;
  keepTokens(body);
}

// WebAuthn through the Level 3 JSON forms: the API's options in, credential.toJSON() out.
async function passkeyGet(options) {
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options);
  return (await navigator.credentials.get({ publicKey })).toJSON();
}

async function passkeyCreate(options) {
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
  return (await navigator.credentials.create({ publicKey })).toJSON();
}

async function passkeyLogIn() {
  const options = await request("POST", "/auth/passkeys/login/options/", { bearer: false });
  const credential = await passkeyGet(options);
  keepTokens(
    await request("POST", "/auth/passkeys/login/", {
      data: { credential },
      bearer: false,
      cookies: COOKIE_MODE,
    }),
  );
}

// The `aal` and `amr` claims of the access token (read for display; the server checks them).
function assurance() {
  const payload = JSON.parse(atob(access.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  return { aal: payload.aal || 1, amr: payload.amr || ["pwd"] };
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
  mfaToken = null;
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
  $("#mfa-form").hidden = true;
  $("#login-form").hidden = false;
}

function askSecondFactor(methods) {
  $("#login-form").hidden = true;
  $("#mfa-form").hidden = false;
  const webauthn = methods.includes("webauthn");
  $("#mfa-use-passkey").hidden = !webauthn;
  $("#mfa-webauthn-hint").hidden = !webauthn;
  $("#mfa-form").elements.code.required = methods.includes("totp");
  $("#mfa-form").elements.code.focus();
  say("Your account has two-factor authentication on.");
}

async function loadMe() {
  showProfile(await call("GET", "/auth/users/me/"));
  const { aal, amr } = assurance();
  $("#me-assurance").textContent = `${amr.join(" + ")} (aal ${aal})`;
  showLoggedIn(true);
}

function showMfa(status) {
  $("#mfa-totp-state").textContent = status.totp_enabled ? "On" : "Off";
  $("#mfa-recovery-left").textContent = status.totp_enabled ? `${status.recovery_codes_left} left` : "—";
  const list = $("#passkey-list");
  list.replaceChildren(
    ...status.passkeys.map((passkey) => {
      const item = document.createElement("li");
      item.textContent = passkey.name;
      return item;
    }),
  );
  if (!status.passkeys.length) list.textContent = "None";
  $("#totp-form").hidden = status.totp_enabled;
  // A session opened with a second factor (aal 2) needs no password to add a passkey.
  $("#passkey-password").hidden = assurance().aal >= 2;
}

async function loadMfa() {
  showMfa(await call("GET", "/auth/mfa/"));
}

// The QR code is an SVG document from the API: parsed as SVG, never as HTML.
function showQr(svgText) {
  const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  $("#totp-qr").replaceChildren(document.importNode(svg, true));
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
  const complete = await logIn(data);
  form.reset();
  if (!complete) return;
  await loadMe();
  await loadMfa();
  say(`Logged in as ${$("#me-username").textContent}.`);
});

handle($("#mfa-form"), async (data, form) => {
  await secondFactor({ code: data.code });
  form.reset();
  await loadMe();
  await loadMfa();
  say(`Logged in as ${$("#me-username").textContent} with a second factor.`);
});

$("#mfa-use-passkey").addEventListener("click", async () => {
  try {
    const options = await request("POST", "/auth/mfa/webauthn/options/", {
      data: { mfa_token: mfaToken },
      bearer: false,
    });
    await secondFactor({ credential: await passkeyGet(options) });
    await loadMe();
    await loadMfa();
    say(`Logged in as ${$("#me-username").textContent} with a passkey as second factor.`);
  } catch (error) {
    complain(error.message);
  }
});

$("#passkey-login").addEventListener("click", async () => {
  try {
    await passkeyLogIn();
    await loadMe();
    await loadMfa();
    say(`Logged in as ${$("#me-username").textContent} with a passkey.`);
  } catch (error) {
    complain(error.message);
  }
});

handle($("#totp-form"), async (data, form) => {
  const setup = await call("POST", "/auth/mfa/totp/", data);
  form.reset();
  showQr(setup.qr_svg);
  $("#totp-secret").textContent = setup.secret;
  $("#totp-activate-form").hidden = false;
  $("#totp-activate-form").elements.code.focus();
  say("Scan the QR code, then enter the app's code.");
});

handle($("#totp-activate-form"), async (data, form) => {
  const { recovery_codes: codes } = await call("POST", "/auth/mfa/totp/activate/", data);
  form.reset();
  form.hidden = true;
  $("#totp-qr").replaceChildren();
  $("#recovery-codes").replaceChildren(
    ...codes.map((code) => {
      const item = document.createElement("li");
      item.textContent = code;
      return item;
    }),
  );
  $("#recovery-codes-box").hidden = false;
  await loadMfa();
  say("Two-factor authentication is on. Your other sessions were ended.");
});

$("#recovery-codes-saved").addEventListener("click", () => {
  $("#recovery-codes").replaceChildren();
  $("#recovery-codes-box").hidden = true;
});

handle($("#passkey-form"), async (data) => {
  const body = data.current_password ? { current_password: data.current_password } : {};
  const options = await call("POST", "/auth/passkeys/register/options/", body);
  const credential = await passkeyCreate(options);
  await call("POST", "/auth/passkeys/", { name: data.name, credential });
  $("#passkey-form").elements.current_password.value = "";
  await loadMfa();
  say(`Passkey "${data.name}" added.`);
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
  await loadMfa();
  say(`Welcome back, ${$("#me-username").textContent}.`);
}

$("#api-url").textContent = API;
$("#mode").textContent = COOKIE_MODE
  ? "the access token in memory and the refresh token in an HttpOnly cookie"
  : "both tokens in memory only";
if (COOKIE_MODE) resume().catch((error) => complain(error.message));
