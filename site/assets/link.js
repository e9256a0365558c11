// The authentication page's script. Its behaviour (talking to the verification API) arrives with
// issue 4; for now it only marks the page as scripted, so styles may rely on `html.js`.
document.documentElement.classList.add("js");
