/**
 * SQL pieces every group query shares (docs/roster.md#groups), so the rule
 * each one states is written once: who organises a group's meetings, and its
 * members in the groups file's order.
 */

/** The person who organises (and records) a group's meetings: its facilitator, or its first member when the peers take turns. */
export const groupOrganiserId = (g: string) =>
  `coalesce(${g}.facilitator_id, (SELECT m.person_id FROM supervision_group_members m
                                   WHERE m.group_id = ${g}.id ORDER BY m.position LIMIT 1))`;

/** The group's members as JSON `{id, upn, name}`, in the file's order. */
export const groupMembersJson = (g: string) =>
  `(SELECT json_agg(json_build_object('id', p.id, 'upn', p.upn, 'name', p.name) ORDER BY m.position)
      FROM supervision_group_members m JOIN people p ON p.id = m.person_id
     WHERE m.group_id = ${g}.id)`;
