import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to one QA review (the router checks the path and its parameter). */
export function ReviewLink({ reviewId, children }: { reviewId: string; children: ReactNode }) {
  return (
    <Anchor
      size="sm"
      renderRoot={(props) => <Link {...props} to="/qa/reviews/$reviewId" params={{ reviewId }} />}
    >
      {children}
    </Anchor>
  );
}
