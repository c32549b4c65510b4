// The block page's way out for a person: the browser solves the proof of work the page carries
// and posts it back to the address that was refused, which then opens again.
import { canSolve, solve } from "./proof_of_work.js";

const form = document.querySelector("form.unblock");

if (form && canSolve) {
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
