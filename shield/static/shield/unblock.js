// The block page's way out for a person: the browser solves the proof of work the page carries
// (ALTCHA v1: find the number whose SHA-256 with the salt gives the challenge) and posts it back
// to the address that was refused, which then opens again.
const form = document.querySelector("form.unblock");

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function solve(challenge) {
  for (let number = 0; number <= challenge.maxnumber; number += 1) {
    if ((await sha256Hex(challenge.salt + number)) === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }));
    }
  }
  throw new Error("challenge not solved");
}

if (form && window.crypto && crypto.subtle) {
  const button = form.querySelector("button");
  const status = form.querySelector(".status");
  button.disabled = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.textContent = form.dataset.working;
    try {
      form.elements.shield_proof.value = await solve(JSON.parse(form.dataset.challenge));
      form.submit();
    } catch {
      status.textContent = form.dataset.failed;
      button.disabled = false;
    }
  });
}
