import type { MdNode } from './renderMarkdown.js';

/**
 * Builds DOM nodes from a Markdown tree. Text goes in as text nodes, never as HTML, and the
 * element names come from the parser's closed set, so nothing in the text can become markup.
 */
export function appendMarkdown(parent: Node, nodes: readonly MdNode[], doc: Document): void {
  for (const node of nodes) {
    if (node.tag === 'text') {
      parent.appendChild(doc.createTextNode(node.text));
    } else if (node.tag === 'br') {
      parent.appendChild(doc.createElement('br'));
    } else {
      const element = doc.createElement(node.tag);
      if (node.tag === 'ol' && node.start !== undefined) element.setAttribute('start', String(node.start));
      appendMarkdown(element, node.children, doc);
      parent.appendChild(element);
    }
  }
}
