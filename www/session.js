// Who is signed in.
//
// BlueKing's login leaves a `bk_token` cookie that page scripts can read. The package reads it
// from document.cookie by itself and sends it with every ESB call, so the page only needs to
// know whether there is one. The cookie holds no name, so the name typed at sign-in is kept
// in localStorage for the header (display only: the server never trusts it).

const USER_KEY = "ticket-center.user";

/** The `bk_token` cookie's value, or null when signed out. */
export function loginToken() {
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === "bk_token" && value.join("=")) return value.join("=");
  }
  return null;
}

/** Where this page is, so that signing in (again) comes back to the same filters. */
const here = () => location.pathname + location.search;

/** Shows the sign-in screen. The form is a plain GET to the server's /login. */
export function showSignIn() {
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-next").value = here();
  const form = document.getElementById("signin-form");
  const input = document.getElementById("signin-username");
  form.addEventListener("submit", () => {
    localStorage.setItem(USER_KEY, input.value.trim());
  });
  input.focus();
  input.select();
}

/**
 * The name typed at sign-in, or null. The "My ..." tabs ask the gateway for this user's lists:
 * in a real portal the portal's server knows the user from the login and would fill it in;
 * the demo has only what was typed here.
 */
export function userName() {
  return localStorage.getItem(USER_KEY) || null;
}

/** Shows the signed-in user and the sign-out link in the header. */
export function showUser() {
  const name = userName() || "Signed in";
  document.getElementById("user-name").textContent = name;
  const avatar = document.getElementById("user-avatar");
  avatar.textContent = [...name][0]?.toUpperCase() ?? "?";
  avatar.title = name; // a phone shows the avatar only
  const signOut = document.querySelector(".user__signout");
  signOut.addEventListener("click", () => localStorage.removeItem(USER_KEY));
  document.getElementById("user").hidden = false;
}

/** A link that forgets the current token and comes back here to sign in again. */
export function signInAgainHref() {
  return `/logout?next=${encodeURIComponent(here())}`;
}
