import { Alert, Button, Group, Paper, SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { clearDraft, type DraftMode, loadDraft, saveDraft } from '../../shared/drafts';
import { useRealtime } from '../realtime/RealtimeProvider';
import { label } from './labels';
import { postActivity, renderMacro, type TicketDetail, useMacros, useSendMessage } from './queries';

export interface ComposerHandle {
  focus(mode: DraftMode): void;
}

/**
 * Reply to the customer (by the ticket's channel) or write an internal note. The text is kept as a
 * draft per ticket and mode in localStorage while typed, and the others on the ticket see "typing".
 */
export const Composer = forwardRef<
  ComposerHandle,
  { ticket: TicketDetail; userId: string; canWrite: boolean }
>(function Composer({ ticket, userId, canWrite }, ref) {
  const [mode, setMode] = useState<DraftMode>('reply');
  const [text, setText] = useState(() => loadDraft(localStorage, userId, ticket.id, 'reply'));
  const area = useRef<HTMLTextAreaElement>(null);
  const send = useSendMessage(ticket.id);
  const macros = useMacros(ticket.language);
  const realtime = useRealtime();
  const lastTyping = useRef(0);

  const switchMode = (next: DraftMode) => {
    saveDraft(localStorage, userId, ticket.id, mode, text);
    setMode(next);
    setText(loadDraft(localStorage, userId, ticket.id, next));
  };
  useImperativeHandle(ref, () => ({
    focus(next) {
      if (next !== mode) switchMode(next);
      requestAnimationFrame(() => area.current?.focus());
    },
  }));

  // Another ticket: load its drafts.
  useEffect(() => {
    setMode('reply');
    setText(loadDraft(localStorage, userId, ticket.id, 'reply'));
  }, [ticket.id, userId]);

  const change = (value: string) => {
    setText(value);
    saveDraft(localStorage, userId, ticket.id, mode, value);
    const now = Date.now();
    if (value && now - lastTyping.current > 5000) {
      lastTyping.current = now;
      realtime?.signal('typing', ticket.id);
      postActivity(ticket.id, 'typing').catch(() => undefined);
    }
  };

  const submit = () => {
    const body = text.trim();
    if (!body) return;
    send.mutate(
      { body_text: body, visibility: mode === 'reply' ? 'public' : 'internal' },
      {
        onSuccess: () => {
          clearDraft(localStorage, userId, ticket.id, mode);
          setText('');
          realtime?.signal('viewing', ticket.id);
          postActivity(ticket.id, 'viewing').catch(() => undefined);
          notifications.show({ message: mode === 'reply' ? 'Reply sent' : 'Note added', color: 'green' });
        },
      },
    );
  };

  const insertMacro = async (macroId: string | null) => {
    if (!macroId) return;
    try {
      const body = await renderMacro(ticket.id, macroId);
      const el = area.current;
      const at = el ? el.selectionStart : text.length;
      change(text.slice(0, at) + body + text.slice(at));
      requestAnimationFrame(() => area.current?.focus());
    } catch (err) {
      notifications.show({ color: 'red', title: 'Macro failed', message: (err as Error).message });
    }
  };

  const isReply = mode === 'reply';
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      bg={isReply ? undefined : 'yellow.0'}
      component="section"
      aria-label="Composer"
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <SegmentedControl
            aria-label="Message kind"
            value={mode}
            onChange={(v) => switchMode(v as DraftMode)}
            data={[
              { value: 'reply', label: `Reply (${label(ticket.channel)})` },
              { value: 'note', label: 'Internal note' },
            ]}
          />
          <Select
            aria-label="Insert a macro"
            placeholder="Insert macro…"
            searchable
            clearable
            value={null}
            w={240}
            data={(macros.data ?? []).filter((m) => m.approved).map((m) => ({ value: m.id, label: m.name }))}
            onChange={(id) => void insertMacro(id)}
            nothingFoundMessage="No macros"
          />
        </Group>
        <Textarea
          ref={area}
          label={isReply ? 'Reply to the customer' : 'Internal note (only your colleagues see it)'}
          autosize
          minRows={4}
          maxRows={14}
          value={text}
          disabled={!canWrite}
          onChange={(e) => change(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        {send.isError && (
          <Alert color="red" role="alert">
            {send.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            onClick={submit}
            loading={send.isPending}
            disabled={!canWrite || !text.trim()}
            color={isReply ? undefined : 'yellow.9'}
          >
            {isReply ? 'Send reply' : 'Add note'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
});
