/**
 * A page for tests/browser/ime.test.ts (never part of the console bundle): the console's
 * IME-safe text field and the FAQ search box, with a parent that re-renders on every value,
 * recording what they report in `window.reported`.
 */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { TextField } from '../src/components/fields.js';
import { SearchBox } from '../src/screens/FaqList.js';

interface Reported {
  values: string[];
  searches: string[];
}
const reported: Reported = { values: [], searches: [] };
(window as unknown as { reported: Reported }).reported = reported;

function Harness() {
  const [renders, setRenders] = useState(0);
  return (
    <main>
      <TextField
        label="Câu hỏi"
        testId="field"
        onValue={(value) => {
          reported.values.push(value);
          setRenders((n) => n + 1);
        }}
      />
      <SearchBox
        value=""
        onSearch={(q) => {
          reported.searches.push(q);
          setRenders((n) => n + 1);
        }}
      />
      <output data-testid="renders">{renders}</output>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Harness />, root);
