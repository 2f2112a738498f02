/**
 * The kefu chat widget. Include it with
 * `<script src="https://HOST/widget.js" async data-title="在线客服"></script>`;
 * options: data-title, data-color, data-lang (zh-CN | en), data-position (right | left).
 */
import { mountWidget } from './mountWidget.js';
import { parseOptions } from './parseOptions.js';

// currentScript is only set while this script runs: read it before anything waits.
const script = document.currentScript as HTMLScriptElement | null;
const options = parseOptions(
  {
    title: script?.getAttribute('data-title'),
    color: script?.getAttribute('data-color'),
    lang: script?.getAttribute('data-lang'),
    position: script?.getAttribute('data-position'),
    src: script?.src,
  },
  location.href,
  (message) => console.warn(message),
);
const start = () => mountWidget(options, window);
if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
