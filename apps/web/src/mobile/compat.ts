/**
 * antd-mobile 5 renders its imperative pop-ups (Toast.show, Dialog.confirm) with the React 18
 * `ReactDOM.render`, which React 19 removed. Its documented shim for React 19 hands it
 * `createRoot` instead (https://mobile.ant.design/guide/v5-for-19). Imported once, first,
 * by the phone app.
 */
import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

const roots = new WeakMap<Element | DocumentFragment, Root>();

unstableSetRender((node, container) => {
  let root = roots.get(container);
  if (!root) {
    root = createRoot(container);
    roots.set(container, root);
  }
  root.render(node);
  return async () => {
    // Unmounting in the same tick as a render warns in React 19.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});
