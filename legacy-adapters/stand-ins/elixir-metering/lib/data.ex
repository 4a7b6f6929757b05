defmodule Metering.Time do
  @moduledoc "UTC helpers: instants are integer Unix seconds, days are integer day numbers since 1970-01-01."
  @epoch_days 719_528

  @doc "Parses an ISO-8601 instant with an offset (Z or ±hh:mm); returns Unix seconds or :error."
  def parse_ts(s) when is_binary(s) do
    case DateTime.from_iso8601(s) do
      {:ok, dt, _} -> DateTime.to_unix(dt)
      _ -> :error
    end
  end

  def parse_ts(_), do: :error

  def fmt_ts(secs), do: secs |> DateTime.from_unix!() |> DateTime.to_iso8601()

  @doc "Strict YYYY-MM-DD -> day number, or :error."
  def parse_date(<<y::binary-size(4), ?-, m::binary-size(2), ?-, d::binary-size(2)>>) do
    with {:ok, [y, m, d]} <- ints([y, m, d]), true <- :calendar.valid_date(y, m, d) do
      :calendar.date_to_gregorian_days(y, m, d) - @epoch_days
    else
      _ -> :error
    end
  end

  def parse_date(_), do: :error

  @doc "Strict YYYY-MM -> {y, m}, or :error."
  def parse_month(<<y::binary-size(4), ?-, m::binary-size(2)>>) do
    with {:ok, [y, m]} <- ints([y, m]), true <- m in 1..12 and y >= 1 do
      {y, m}
    else
      _ -> :error
    end
  end

  def parse_month(_), do: :error

  defp ints(parts) do
    parsed = Enum.map(parts, fn p -> if p =~ ~r/\A[0-9]+\z/, do: String.to_integer(p), else: nil end)
    if Enum.any?(parsed, &is_nil/1), do: :error, else: {:ok, parsed}
  end

  def day_start(day), do: day * 86_400
  def day_of(secs), do: Integer.floor_div(secs, 86_400)

  def fmt_date(day) do
    {y, m, d} = :calendar.gregorian_days_to_date(day + @epoch_days)
    "#{pad(y, 4)}-#{pad(m, 2)}-#{pad(d, 2)}"
  end

  def month_start({y, m}), do: (:calendar.date_to_gregorian_days(y, m, 1) - @epoch_days) * 86_400
  def next_month({y, 12}), do: {y + 1, 1}
  def next_month({y, m}), do: {y, m + 1}
  def month_of(secs), do: (secs |> DateTime.from_unix!() |> then(&{&1.year, &1.month}))
  def fmt_month({y, m}), do: "#{pad(y, 4)}-#{pad(m, 2)}"
  def month_index({y, m}), do: y * 12 + (m - 1)

  defp pad(i, n), do: i |> Integer.to_string() |> String.pad_leading(n, "0")
end

defmodule Metering.Data do
  @moduledoc """
  Loads the fixture files once at boot into `:persistent_term` (read-only afterwards).

  Numbers used in usage arithmetic are converted to integer micro-units (×1_000_000) so that all
  rollups are exact integer arithmetic and the 3-decimal output is byte-stable.
  """
  alias Metering.{JSON, Time}

  @producer_token "legacy_producer_token"

  def load!(dir) do
    dir_doc = read!(Path.join(dir, "directory.json"))
    prices = read!(Path.join(dir, "prices.json"))
    usage = read!(Path.join(dir, "usage.json"))

    apps = Map.get(dir_doc, "apps", [])
    teams = Map.get(dir_doc, "teams", [])
    eas = Map.get(dir_doc, "enterprise_accounts", [])
    accounts = Map.get(dir_doc, "accounts", [])

    tokens =
      dir_doc
      |> Map.get("tokens", [])
      |> Enum.map(&{&1["token"], &1})
      |> Map.new()

    tokens =
      Map.put_new(tokens, @producer_token, %{
        "token" => @producer_token,
        "role" => "producer",
        "account_id" => nil,
        "team_ids" => [],
        "enterprise_account_ids" => []
      })

    sizes =
      prices
      |> Map.get("dyno_sizes", [])
      |> Map.new(fn s -> {String.downcase(s["name"]), micro(s["precise_dyno_units"] || 0)} end)

    plans = prices |> Map.get("plans", []) |> Map.new(fn p -> {p["id"], p} end)

    formation =
      usage
      |> Map.get("formation_intervals", [])
      |> Enum.map(fn i ->
        {i["app_id"],
         {i["process_type"], String.downcase(i["size"]), i["quantity"], ts!(i["started_at"]), ts_or_open(i["ended_at"])}}
      end)
      |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))

    addons =
      usage
      |> Map.get("addon_intervals", [])
      |> Enum.map(fn i ->
        cents = get_in(plans, [i["plan_id"], "price", "cents"]) || 0

        {i["app_id"],
         %{
           addon_id: i["addon_id"],
           plan_id: i["plan_id"],
           kind: i["kind"],
           # plan price in dollars, micro-units: cents * 10_000
           rate: cents * 10_000,
           start: ts!(i["started_at"]),
           end: ts_or_open(i["ended_at"])
         }}
      end)
      |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))

    spaces =
      usage
      |> Map.get("space_intervals", [])
      |> Enum.map(fn i ->
        {i["team_id"], {micro(i["credits_per_month"] || 0), ts!(i["started_at"]), ts_or_open(i["ended_at"])}}
      end)
      |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))

    connect =
      usage
      |> Map.get("connect_rows", [])
      |> Enum.reduce(%{}, fn r, acc ->
        key = {r["team_id"], r["month"]}
        Map.update(acc, key, r["rows"], &max(&1, r["rows"]))
      end)

    data = %{
      dir: dir,
      # what /internal/directory and /internal/usage-history export for Billing.Modular's backfill
      export_directory: %{
        "accounts" => Enum.map(accounts, &Map.take(&1, ["id", "email"])),
        "teams" => Enum.map(teams, &Map.take(&1, ["id", "name", "enterprise_account_id"])),
        "enterprise_accounts" => Enum.map(eas, &Map.take(&1, ["id", "name"])),
        "apps" => Enum.map(apps, &Map.take(&1, ["id", "name", "owner_account_id", "team_id", "process_tier"]))
      },
      export_usage: Map.take(usage, ["formation_intervals", "addon_intervals", "space_intervals", "connect_rows"]),
      accounts: Map.new(accounts, &{&1["id"], &1}),
      accounts_by_email: Map.new(accounts, &{String.downcase(&1["email"] || ""), &1}),
      teams: Map.new(teams, &{&1["id"], &1}),
      teams_by_name: Map.new(teams, &{&1["name"], &1}),
      eas: Map.new(eas, &{&1["id"], &1}),
      ea_teams: Enum.group_by(teams, & &1["enterprise_account_id"]),
      apps: Map.new(apps, &{&1["id"], &1}),
      apps_by_name: Map.new(apps, &{&1["name"], &1}),
      team_apps: Enum.group_by(apps, & &1["team_id"]),
      owner_apps: Enum.group_by(apps, & &1["owner_account_id"]),
      tokens: tokens,
      sizes: sizes,
      plans: plans,
      formation: formation,
      addons: addons,
      spaces: spaces,
      connect: connect
    }

    :persistent_term.put(__MODULE__, data)
    data
  end

  def get, do: :persistent_term.get(__MODULE__)
  def get(key), do: Map.fetch!(get(), key)

  defp read!(path) do
    case JSON.decode(File.read!(path)) do
      {:ok, v} -> v
      {:error, msg} -> raise "#{path}: invalid JSON: #{msg}"
    end
  end

  defp ts!(s) do
    case Time.parse_ts(s) do
      :error -> raise "invalid timestamp #{inspect(s)}"
      v -> v
    end
  end

  defp ts_or_open(nil), do: :open
  defp ts_or_open(s), do: ts!(s)

  @doc "JSON number -> integer micro-units (exact for up to 6 decimals)."
  def micro(i) when is_integer(i), do: i * 1_000_000
  def micro(f) when is_float(f), do: round(f * 1_000_000)
end
