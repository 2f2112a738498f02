/**
 * The kefu agent console, served at /agent/: sign in, watch the queue, take conversations over
 * from the bot. Plain DOM, same-origin calls to the Agent API (README, "Agent API").
 */
import { mountConsole } from './mountConsole.js';

if (document.body) mountConsole(window);
else document.addEventListener('DOMContentLoaded', () => mountConsole(window), { once: true });
