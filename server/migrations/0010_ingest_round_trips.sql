-- Customer resolution in one round trip. Resolving an identity must look past row-level security
-- (identities are unique across vendors), which used to take three statements: switch to the owner,
-- resolve, switch back. A SECURITY DEFINER function does it in one call and returns only an id.
create function tandem_resolve_customer(
  p_org uuid, p_vendor uuid, p_kinds text[], p_values text[], p_name text
) returns table (resolved_id uuid, created boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_existing uuid;
  v_new uuid;
  v_claimed int;
begin
  -- An actor transaction may resolve only within its own organization and as its own vendor.
  if tandem_org() is not null and p_org is distinct from tandem_org() then
    raise exception 'customer resolution outside the acting organization' using errcode = '42501';
  end if;
  if tandem_org() is not null and p_vendor is distinct from tandem_vendor() then
    raise exception 'customer resolution for another vendor' using errcode = '42501';
  end if;
  for attempt in 1..3 loop
    select coalesce(c.merged_into_id, c.id) into v_existing
    from unnest(p_kinds, p_values) with ordinality as g(kind, value, ord)
    join customer_identities ci on ci.organization_id = p_org and ci.kind = g.kind and ci.value = g.value
    join customers c on c.id = ci.customer_id
    order by g.ord
    limit 1;
    if v_existing is not null then
      -- Identities given beside a known one join that customer (unless another customer holds them).
      insert into customer_identities (organization_id, customer_id, kind, value)
      select p_org, v_existing, x.kind, x.value
      from unnest(p_kinds, p_values) as x(kind, value)
      order by x.kind, x.value
      on conflict (organization_id, kind, value) do nothing;
      return query select v_existing, false;
      return;
    end if;
    v_new := gen_random_uuid();
    insert into customers (id, organization_id, display_name, created_by_vendor_id)
    values (v_new, p_org, p_name, p_vendor);
    -- Claimed in a fixed order, so two requests with overlapping identities cannot deadlock.
    insert into customer_identities (organization_id, customer_id, kind, value)
    select p_org, v_new, x.kind, x.value
    from unnest(p_kinds, p_values) as x(kind, value)
    order by x.kind, x.value
    on conflict (organization_id, kind, value) do nothing;
    get diagnostics v_claimed = row_count;
    if v_claimed = cardinality(p_kinds) then
      return query select v_new, true;
      return;
    end if;
    -- A concurrent request committed one of these identities first: drop ours and join theirs.
    delete from customer_identities where customer_id = v_new;
    delete from customers where id = v_new;
  end loop;
  raise exception 'the customer changed concurrently; retry the request' using errcode = '40001';
end $$;

revoke execute on function tandem_resolve_customer(uuid, uuid, text[], text[], text) from public;
grant execute on function tandem_resolve_customer(uuid, uuid, text[], text[], text) to tandem_app;
