/** The staff console's entry point (bundled by scripts/build-web.ts into web/dist/). */
import { render } from 'preact';
import { App } from './App.js';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
