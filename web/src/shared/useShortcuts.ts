import { useEffect, useRef } from 'react';
import { type ShortcutAction, shortcutFor } from './shortcuts';

/** Listens on the document; handlers return false to let the key through. */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => boolean | undefined>>) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      const handler = ref.current[action];
      if (!handler) return;
      if (handler() !== false) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
