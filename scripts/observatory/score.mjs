// Scores one page with the MDN HTTP Observatory's own retriever, tests and grader.
//
// The Observatory's CLI (`mdn-http-observatory-scan HOST`) scans only a host's front page on the
// standard ports; this runs the same steps as its scanner (src/scanner/index.js, scan()) for any
// port and path, and also grades pages answered with an error status (a 404 page), which scan()
// refuses to grade. Usage: node score.mjs HOST HTTP_PORT HTTPS_PORT PATH
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS, NUM_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import {
  getGradeForScore,
  getScoreModifier,
} from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [hostname, httpPort, httpsPort, path] = process.argv.slice(2);
const retrieved = await retrieve(hostname, { httpPort, httpsPort, path });
if (!retrieved.responses.auto) {
  console.log(JSON.stringify({ path, error: "no answer" }));
  process.exit(1);
}
let passed = 0;
let withExtraCredit = 100;
let uncurved = 100;
const tests = {};
for (const test of ALL_TESTS) {
  const result = test(retrieved);
  const modifier = result.result ? getScoreModifier(result.result) : 0;
  passed += result.pass ? 1 : 0;
  withExtraCredit += modifier;
  if (modifier < 0) uncurved += modifier;
  tests[result.constructor.name] = { result: result.result, pass: result.pass, modifier };
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved;
const final = getGradeForScore(score);
console.log(
  JSON.stringify({
    path,
    status: retrieved.responses.auto.status,
    verified: retrieved.responses.auto.verified,
    grade: final.grade,
    score: final.score,
    passed,
    tests_quantity: NUM_TESTS,
    tests,
  })
);
