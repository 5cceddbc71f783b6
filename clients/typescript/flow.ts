// The tutorial flow through openapi-fetch, typed by schema.ts (openapi-typescript, generated
// from the live schema next to this file). Run: node build/flow.js BASE_URL USERNAME PASSWORD.
// Prints what it saw as JSON on stdout; a step that answers otherwise exits 1, naming the step.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

// What the schema promises may be null must be null in the types too, or `tsc` fails here:
// a user who deleted their profile, a security event of an unknown name or a deleted account.
type Schemas = components["schemas"];
const noProfile: Schemas["CurrentUser"]["profile"] = null;
const noUser: Schemas["SecurityEvent"]["user"] = null;
void [noProfile, noUser];

const [baseUrl, username, password] = process.argv.slice(2);
if (!baseUrl || !username || !password) {
  throw new Error("usage: node build/flow.js BASE_URL USERNAME PASSWORD");
}
const api = createClient<paths>({ baseUrl });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function expect<T>(step: string, status: number, reply: { data?: T; response: Response }): T {
  if (reply.response.status !== status || reply.data === undefined) {
    throw new Error(`${step}: expected ${status}, got ${reply.response.status}`);
  }
  return reply.data;
}

const registered = expect(
  "register",
  201,
  await api.POST("/auth/users/", {
    body: { username, password, email: `${username}@example.com` },
  }),
);

const login = expect(
  "log in",
  200,
  await api.POST("/auth/jwt/create/", { body: { username, password } }),
);

const me = expect(
  "who am I",
  200,
  await api.GET("/auth/users/me/", { headers: bearer(login.access) }),
);

const profiles = expect(
  "list profiles",
  200,
  await api.GET("/api/accounts/all-profiles/", {
    params: { query: { search: username, ordering: ["-date_joined"] } },
    headers: bearer(login.access),
  }),
);

const patched = expect(
  "update my profile",
  200,
  await api.PATCH("/api/accounts/profile/me/", {
    body: { location: "Mushroom Kingdom", is_organizer: true },
    headers: bearer(login.access),
  }),
);

const refreshed = expect(
  "refresh",
  200,
  await api.POST("/auth/jwt/refresh/", { body: { refresh: login.refresh } }),
);

const logout = await api.POST("/auth/jwt/logout/", {
  body: { refresh: refreshed.refresh },
  headers: bearer(refreshed.access),
});
if (logout.response.status !== 204) {
  throw new Error(`log out: expected 204, got ${logout.response.status}`);
}

const after = await api.GET("/auth/users/me/", { headers: bearer(refreshed.access) });

console.log(
  JSON.stringify({
    registered: { id: registered.id, username: registered.username },
    me: { id: me.id, username: me.username, email: me.email, profile: me.profile?.id ?? null },
    profiles: { count: profiles.count, users: profiles.results.map((p) => p.user) },
    patched: { id: patched.id, location: patched.location, is_organizer: patched.is_organizer },
    refresh_rotated: refreshed.refresh !== login.refresh,
    access_renewed: refreshed.access !== login.access,
    logout: logout.response.status,
    after_logout: { status: after.response.status, code: after.error?.code },
  }),
);
