import { Group, Kbd, Modal, Table } from '@mantine/core';
import { useState } from 'react';
import { SHORTCUTS } from '../shared/shortcuts';
import { useShortcuts } from '../shared/useShortcuts';

/** `?` anywhere (outside a text field) lists the keyboard shortcuts. */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useShortcuts({
    help: () => {
      setOpen(true);
      return true;
    },
  });
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title="Keyboard shortcuts">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Keys</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td>
                <Group gap={4}>
                  {s.keys.map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{s.description}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
