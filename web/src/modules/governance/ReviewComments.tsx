import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

const MAX = 10_000;

/** The brand's comments on a vendor's monthly business review pack; saving replaces the text. */
export function ReviewComments({
  vendorId,
  vendorName,
  month,
  onClose,
}: {
  vendorId: string;
  vendorName: string;
  month: string;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const key = ['business-reviews', vendorId, month, 'comments'];
  const path = { id: vendorId, month };
  const current = useQuery({
    queryKey: key,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/vendors/{id}/business-reviews/{month}/comments', { params: { path } })),
  });
  const [text, setText] = useState('');
  useEffect(() => {
    if (current.data) setText(current.data.text);
  }, [current.data]);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/api/v1/vendors/{id}/business-reviews/{month}/comments', {
          params: { path },
          body: { text },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: key });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Review comments: ${vendorName}, ${month}`} size="lg">
      <Stack gap="sm">
        <Textarea
          label="Comments (printed in the pack)"
          autosize
          minRows={6}
          maxLength={MAX}
          value={text}
          disabled={current.isPending}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        {save.error && (
          <Text c="red.8" size="sm" role="alert">
            {save.error.message}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={save.isPending} disabled={current.isPending} onClick={() => save.mutate()}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
