defmodule Metering.Clock do
  @moduledoc "Wall clock, or a fixed instant from METERING_NOW (ISO-8601) for reproducible runs."
  def init do
    fixed =
      case System.get_env("METERING_NOW") do
        nil -> nil
        "" -> nil
        s ->
          case Metering.Time.parse_ts(s) do
            :error -> raise "METERING_NOW is not an ISO-8601 instant: #{inspect(s)}"
            v -> v
          end
      end

    :persistent_term.put(__MODULE__, fixed)
  end

  def now, do: :persistent_term.get(__MODULE__, nil) || System.os_time(:second)
  def fixed?, do: :persistent_term.get(__MODULE__, nil) != nil
end

defmodule Metering.Num do
  @moduledoc "Exact rational -> fixed 3-decimal strings (round half to even)."

  @doc "Rounds num/den (both >= 0 integers, den > 0) half-to-even to an integer."
  def round_half_even(num, den) do
    q = div(num, den)
    r = rem(num, den)

    cond do
      2 * r > den -> q + 1
      2 * r < den -> q
      rem(q, 2) == 1 -> q + 1
      true -> q
    end
  end

  @doc "Formats integer thousandths as `d.ddd`."
  def fmt3(t) when t < 0, do: "-" <> fmt3(-t)
  def fmt3(t), do: "#{div(t, 1000)}." <> String.pad_leading(Integer.to_string(rem(t, 1000)), 3, "0")

  @doc "Value num / (1_000_000 * period_secs) as a raw 3-decimal JSON number."
  def q3(num, period_secs), do: {:raw, fmt3(round_half_even(num, 1000 * period_secs))}

  @doc "Micro-units as a raw 3-decimal JSON number."
  def micro3(micro), do: {:raw, fmt3(round_half_even(micro, 1000))}
end

defmodule Metering.Usage do
  @moduledoc """
  Usage computation (FIXTURES.md, "Enterprise usage (metering)"), done at query time from the
  interval lists indexed by app / team at boot — a 31-day or 12-month query touches only the
  intervals of the apps involved, so no rollup tables are needed.

  Every quantity is an exact integer numerator in micro-unit-seconds:
    dynos:   precise_dyno_units(µ) × quantity × overlap_seconds
    add-ons: plan price in dollars(µ) × overlap_seconds        (kind "data" or "partner")
    space:   credits_per_month(µ) × overlap_seconds
  A period's value = numerator / (1_000_000 × seconds in the period), i.e. dyno units per day or
  per month (monthly = Σ of the month's seconds / seconds in that month) and credits as the plan
  price × fraction of the period, rounded half-to-even to 3 decimals on output. Totals are computed
  from the exact numerators (sum first, round once), so a team total can differ from the sum of its
  rounded app rows by ±0.001.

  Overlaps are clipped at the clock (`Metering.Clock`): nothing is reported for the future, and an
  open interval (a formation gauge reported through /usage-events) runs until "now".
  """
  alias Metering.{Data, Events, Num, Time}

  # ------------------------------------------------------------ formation (fixtures + gauges)

  @doc "Effective formation intervals of an app: fixture intervals overridden by reported gauges."
  def formation(app_id) do
    base = Map.get(Data.get(:formation), app_id, [])

    case Events.gauges(app_id) do
      [] ->
        base

      gauges ->
        by_key = Enum.group_by(gauges, fn {pt, sz, _t, _q, _seq} -> {pt, sz} end)
        first = Map.new(by_key, fn {k, gs} -> {k, gs |> Enum.map(&elem(&1, 2)) |> Enum.min()} end)

        clipped =
          Enum.flat_map(base, fn {pt, sz, q, s, e} = iv ->
            case Map.get(first, {pt, sz}) do
              nil -> [iv]
              t0 when s >= t0 -> []
              t0 -> [{pt, sz, q, s, min_end(e, t0)}]
            end
          end)

        series =
          Enum.flat_map(by_key, fn {{pt, sz}, gs} ->
            sorted = Enum.sort_by(gs, fn {_, _, t, _, seq} -> {t, seq} end)
            nexts = tl(sorted) ++ [nil]

            Enum.zip(sorted, nexts)
            |> Enum.flat_map(fn {{_, _, t, q, _}, nxt} ->
              e = if nxt, do: elem(nxt, 2), else: :open
              if q > 0 and (e == :open or e > t), do: [{pt, sz, q, t, e}], else: []
            end)
          end)

        clipped ++ series
    end
  end

  defp min_end(:open, t0), do: t0
  defp min_end(e, t0), do: min(e, t0)

  @doc "Seconds of [s, e) inside [ps, pe), clipped at now. e may be :open."
  def overlap(s, e, ps, pe, now) do
    hi = pe |> min(now) |> min(if e == :open, do: now, else: e)
    lo = max(s, ps)
    if hi > lo, do: hi - lo, else: 0
  end

  @doc "{active?, dyno_num, data_num, partner_num} of one app in [ps, pe)."
  def app_nums(app_id, ps, pe, now) do
    sizes = Data.get(:sizes)

    {act1, dy} =
      Enum.reduce(formation(app_id), {false, 0}, fn {_pt, sz, q, s, e}, {act, acc} ->
        ov = overlap(s, e, ps, pe, now)
        if ov > 0 and q > 0, do: {true, acc + Map.get(sizes, sz, 0) * q * ov}, else: {act, acc}
      end)

    {act2, da, pa} =
      Enum.reduce(Map.get(Data.get(:addons), app_id, []), {false, 0, 0}, fn a, {act, da, pa} ->
        ov = overlap(a.start, a.end, ps, pe, now)

        cond do
          ov == 0 -> {act, da, pa}
          a.kind == "data" -> {true, da + a.rate * ov, pa}
          true -> {true, da, pa + a.rate * ov}
        end
      end)

    {act1 or act2, dy, da, pa}
  end

  def space_num(team_id, ps, pe, now) do
    Data.get(:spaces)
    |> Map.get(team_id, [])
    |> Enum.reduce(0, fn {credits, s, e}, acc -> acc + credits * overlap(s, e, ps, pe, now) end)
  end

  # ------------------------------------------------------------ periods

  @doc "Validates start/end for daily usage; returns {:ok, [day]} or {:error, message}."
  def daily_periods(params) do
    with {:ok, d0} <- date_param(params, "start", true),
         {:ok, d1} <- date_param(params, "end", false) do
      d1 = d1 || d0

      cond do
        d1 < d0 -> {:error, "end must not be before start."}
        d1 - d0 + 1 > 31 -> {:error, "The date range may span at most 31 days (start and end inclusive)."}
        true -> {:ok, Enum.to_list(d0..d1)}
      end
    end
  end

  @max_months 120

  def monthly_periods(params) do
    with {:ok, m0} <- month_param(params, "start", true),
         {:ok, m1} <- month_param(params, "end", false) do
      m1 = m1 || m0
      n = Time.month_index(m1) - Time.month_index(m0) + 1

      cond do
        n < 1 -> {:error, "end must not be before start."}
        n > @max_months -> {:error, "The month range may span at most #{@max_months} months."}
        true -> {:ok, months_from(m0, n)}
      end
    end
  end

  defp months_from(m0, n),
    do: Enum.reduce(1..(n - 1)//1, [m0], fn _, [h | _] = acc -> [Time.next_month(h) | acc] end) |> Enum.reverse()

  defp date_param(params, key, required) do
    case Map.get(params, key) do
      nil when required -> {:error, "#{key} is required and must be a date in the form YYYY-MM-DD."}
      nil -> {:ok, nil}
      v ->
        case Time.parse_date(v) do
          :error -> {:error, "#{key} must be a date in the form YYYY-MM-DD, got #{inspect(v)}."}
          d -> {:ok, d}
        end
    end
  end

  defp month_param(params, key, required) do
    case Map.get(params, key) do
      nil when required -> {:error, "#{key} is required and must be a month in the form YYYY-MM."}
      nil -> {:ok, nil}
      v ->
        case Time.parse_month(v) do
          :error -> {:error, "#{key} must be a month in the form YYYY-MM, got #{inspect(v)}."}
          m -> {:ok, m}
        end
    end
  end

  defp day_period(day), do: {Time.day_start(day), Time.day_start(day + 1), 86_400, {"date", Time.fmt_date(day)}}

  defp month_period(m) do
    ps = Time.month_start(m)
    pe = Time.month_start(Time.next_month(m))
    {ps, pe, pe - ps, {"month", Time.fmt_month(m)}}
  end

  # ------------------------------------------------------------ representations

  def team_daily(team, days, now), do: Enum.map(days, &team_row(team, day_period(&1), false, now, true))
  def team_monthly(team, months, now), do: Enum.map(months, &team_row(team, month_period(&1), true, now, true))
  def ea_daily(ea, days, now), do: Enum.map(days, &ea_row(ea, day_period(&1), false, now))
  def ea_monthly(ea, months, now), do: Enum.map(months, &ea_row(ea, month_period(&1), true, now))

  # returns {json_obj, {dy, da, pa, space, connect}}
  defp team_calc(team, {ps, pe, secs, {_, label}}, monthly?, now) do
    apps =
      Data.get(:team_apps)
      |> Map.get(team["id"], [])
      |> Enum.map(fn app -> {app, app_nums(app["id"], ps, pe, now)} end)
      |> Enum.filter(fn {_, {act, _, _, _}} -> act end)
      |> Enum.sort_by(fn {app, _} -> {app["name"], app["id"]} end)

    {dy, da, pa} =
      Enum.reduce(apps, {0, 0, 0}, fn {_, {_, a, b, c}}, {x, y, z} -> {x + a, y + b, z + c} end)

    space = space_num(team["id"], ps, pe, now)
    connect = if monthly?, do: Map.get(Data.get(:connect), {team["id"], label}, 0), else: 0

    app_objs =
      Enum.map(apps, fn {app, {_, a, b, c}} ->
        {:obj,
         [
           {"app_name", app["name"]},
           {"dynos", Num.q3(a, secs)},
           {"addons", Num.q3(b + c, secs)},
           {"data", Num.q3(b, secs)},
           {"partner", Num.q3(c, secs)}
         ]}
      end)

    {app_objs, {dy, da, pa, space, connect}}
  end

  defp metric_fields({dy, da, pa, space, connect}, secs, monthly?) do
    [
      {"dynos", Num.q3(dy, secs)},
      {"addons", Num.q3(da + pa, secs)},
      {"data", Num.q3(da, secs)},
      {"partner", Num.q3(pa, secs)},
      {"space", Num.q3(space, secs)}
    ] ++ if(monthly?, do: [{"connect", connect}], else: [])
  end

  defp team_row(team, {_, _, secs, label} = period, monthly?, now, with_label) do
    {app_objs, totals} = team_calc(team, period, monthly?, now)
    head = [{"id", team["id"]}, {"name", team["name"]}] ++ if(with_label, do: [label], else: [])
    {:obj, head ++ metric_fields(totals, secs, monthly?) ++ [{"apps", app_objs}]}
  end

  defp ea_row(ea, {_, _, secs, label} = period, monthly?, now) do
    teams =
      Data.get(:ea_teams)
      |> Map.get(ea["id"], [])
      |> Enum.sort_by(&{&1["name"], &1["id"]})

    {team_objs, totals} =
      Enum.map_reduce(teams, {0, 0, 0, 0, 0}, fn team, {a, b, c, d, e} ->
        {app_objs, {dy, da, pa, sp, cn} = t} = team_calc(team, period, monthly?, now)
        obj = {:obj, [{"id", team["id"]}, {"name", team["name"]}] ++ metric_fields(t, secs, monthly?) ++ [{"apps", app_objs}]}
        {obj, {a + dy, b + da, c + pa, d + sp, e + cn}}
      end)

    {:obj, [{"id", ea["id"]}, {"name", ea["name"]}, label] ++ metric_fields(totals, secs, monthly?) ++ [{"teams", team_objs}]}
  end

  # ------------------------------------------------------------ 3.sdk usage (metered add-ons)

  @doc "Add-on usage of an app for the current calendar month (per the clock)."
  def app_addon_usage(app_id, now) do
    month = Time.month_of(now)
    ms = Time.month_start(month)
    label = Time.fmt_month(month)

    Data.get(:addons)
    |> Map.get(app_id, [])
    |> Enum.filter(fn a -> a.start <= now and (a.end == :open or a.end > ms) end)
    |> Enum.map(& &1.addon_id)
    |> Enum.uniq()
    |> Enum.sort()
    |> Enum.map(fn addon_id ->
      meters =
        Events.meters(addon_id, label)
        |> Enum.map(fn {key, micro} -> {key, {:obj, [{"quantity", Num.micro3(micro)}]}} end)

      {:obj, [{"id", addon_id}, {"meters", {:obj, meters}}]}
    end)
  end

  # ------------------------------------------------------------ Eco quota

  @account_quota 3_600_000

  def quota(account, now) do
    eco_apps =
      Data.get(:owner_apps)
      |> Map.get(account["id"], [])
      |> Enum.filter(&(&1["process_tier"] == "eco"))
      |> Enum.sort_by(& &1["id"])

    if eco_apps == [] do
      :not_found
    else
      month = Time.month_of(now)
      ms = Time.month_start(month)

      apps =
        Enum.map(eco_apps, fn app ->
          used =
            Enum.reduce(formation(app["id"]), 0, fn {_pt, _sz, q, s, e}, acc ->
              acc + q * overlap(s, e, ms, now, now)
            end)

          {app["id"], used}
        end)

      used = apps |> Enum.map(&elem(&1, 1)) |> Enum.sum()

      idle =
        if used >= @account_quota, do: Time.fmt_ts(Time.month_start(Time.next_month(month))), else: nil

      {:obj,
       [
         {"account_quota", @account_quota},
         {"quota_used", used},
         {"force_idle_until", idle},
         {"account_uuid", account["id"]},
         {"apps", Enum.map(apps, fn {id, u} -> {:obj, [{"app_uuid", id}, {"quota_used", u}]} end)}
       ]}
    end
  end
end
