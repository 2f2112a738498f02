import type { AgentMessages } from './messages.js';

type Pick = (m: AgentMessages) => string;
type Child = Node | string | null | undefined | false;

/** Element building and the words on them, for the views. */
export interface Dom {
  readonly doc: Document;
  /** The words in the current language. */
  readonly m: AgentMessages;
  /** An element with a class, attributes and children; strings become text nodes, never markup. */
  el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, attributes?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
  /** Sets a node's text now and again whenever the language changes. */
  text<T extends HTMLElement>(node: T, pick: Pick): T;
  /** The same for an attribute (aria-label, placeholder, title). */
  attr<T extends HTMLElement>(node: T, name: string, pick: Pick): T;
  /** Switches language: every bound text and attribute follows. */
  setMessages(m: AgentMessages): void;
}

export function createDom(doc: Document, initial: AgentMessages): Dom {
  let m = initial;
  const bindings: Array<(m: AgentMessages) => void> = [];
  const bind = (apply: (m: AgentMessages) => void) => {
    bindings.push(apply);
    apply(m);
  };
  return {
    doc,
    get m() {
      return m;
    },
    el(tag, className = '', attributes = {}, ...children) {
      const node = doc.createElement(tag);
      if (className) node.className = className;
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
      for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
      return node;
    },
    text(node, pick) {
      bind((m) => (node.textContent = pick(m)));
      return node;
    },
    attr(node, name, pick) {
      bind((m) => node.setAttribute(name, pick(m)));
      return node;
    },
    setMessages(next) {
      m = next;
      for (const apply of bindings) apply(m);
    },
  };
}
