type Child = Node | string | null | undefined | false;

/**
 * Element building and the words on them, for the views of one page. `M` is that page's messages
 * (the console's, the workspace's): bound texts are picked from it again when the language changes.
 */
export interface Dom<M> {
  readonly doc: Document;
  /** The words in the current language. */
  readonly m: M;
  /** An element with a class, attributes and children; strings become text nodes, never markup. */
  el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, attributes?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
  /** Sets a node's text now and again whenever the language changes. */
  text<T extends HTMLElement>(node: T, pick: (m: M) => string): T;
  /** The same for an attribute (aria-label, placeholder, title). */
  attr<T extends HTMLElement>(node: T, name: string, pick: (m: M) => string): T;
  /** Switches language: every bound text and attribute follows. */
  setMessages(m: M): void;
}

export function createDom<M>(doc: Document, initial: M): Dom<M> {
  let m = initial;
  const bindings: Array<(m: M) => void> = [];
  const bind = (apply: (m: M) => void) => {
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
