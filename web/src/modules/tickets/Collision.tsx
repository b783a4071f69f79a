import { Badge, Group } from '@mantine/core';
import type { Activity } from './queries';

/** Who else is on this ticket right now: viewing, or typing (a reply may be on its way). */
export function Collision({ activity, userId }: { activity: Activity[]; userId: string }) {
  const others = activity.filter((a) => a.user_id !== userId);
  return (
    <Group gap={6} aria-live="polite" data-testid="collision">
      {others.map((a) => (
        <Badge
          key={a.user_id}
          color={a.state === 'typing' ? 'red.8' : 'blue.8'}
          variant="light"
          data-state={a.state}
        >
          {a.display_name} {a.state === 'typing' ? 'is typing' : 'is viewing'}
        </Badge>
      ))}
    </Group>
  );
}
