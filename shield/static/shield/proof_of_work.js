// The proof of work of shield/challenge.py, solved in the browser (ALTCHA v1: find the number
// whose SHA-256 with the salt gives the challenge). The comment form and the block page use it.
async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// The payload to post back: the challenge, signed by the server, with the number found.
export async function solve(challenge) {
  for (let number = 0; number <= challenge.maxnumber; number += 1) {
    if ((await sha256Hex(challenge.salt + number)) === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }));
    }
  }
  throw new Error("challenge not solved");
}

export const canSolve = Boolean(window.crypto && crypto.subtle);
