/**
 * The kefu editors' workspace, served at /workspace/: try a question as the bot would take it,
 * work through the questions it missed, look over the articles and how they did. Plain DOM, same-origin
 * calls to /api/agent/workspace with the console's sign-in.
 */
import { mountWorkspace } from './mountWorkspace.js';

if (document.body) mountWorkspace(window);
else document.addEventListener('DOMContentLoaded', () => mountWorkspace(window), { once: true });
