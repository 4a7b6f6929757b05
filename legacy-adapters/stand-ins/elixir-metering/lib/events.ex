defmodule Metering.Events do
  @moduledoc """
  In-memory usage-event intake (lost on restart by design).

  ETS tables (public, owned by the boot process; all writes go through this GenServer so a batch
  is applied atomically with respect to other batches):
    :metering_seen    set  {event_id, seq, event}           dedup by event id (accepted events only)
    :metering_gauges  bag  {app_id, {process_type, size, occurred_at, quantity, seq}}
    :metering_meters  set  {{addon_id, "YYYY-MM", meter}, micro_units}
  """
  use GenServer
  alias Metering.{Data, Time}

  @gauge "formation.quantity"

  def start_link do
    for {name, type} <- [metering_seen: :set, metering_gauges: :bag, metering_meters: :set] do
      :ets.new(name, [type, :public, :named_table, read_concurrency: true])
    end

    GenServer.start_link(__MODULE__, 0, name: __MODULE__)
  end

  def ingest(events), do: GenServer.call(__MODULE__, {:ingest, events}, 60_000)

  def gauges(app_id), do: :ets.lookup(:metering_gauges, app_id) |> Enum.map(&elem(&1, 1))

  def meters(addon_id, month_label) do
    :ets.match(:metering_meters, {{addon_id, month_label, :"$1"}, :"$2"})
    |> Enum.map(fn [k, v] -> {k, v} end)
    |> Enum.sort()
  end

  @impl true
  def init(seq), do: {:ok, seq}

  @impl true
  def handle_call({:ingest, events}, _from, seq) do
    {results, seq} = Enum.map_reduce(events, seq, &one/2)
    {:reply, results, seq}
  end

  defp one(ev, seq) do
    id = if is_map(ev), do: ev["id"], else: nil

    cond do
      not is_map(ev) ->
        {rejected(nil, "event must be a JSON object"), seq}

      not (is_binary(id) and id != "") ->
        {rejected(id, "id is required and must be a non-empty string"), seq}

      :ets.member(:metering_seen, id) ->
        {{:obj, [{"id", id}, {"status", "duplicate"}]}, seq}

      true ->
        case validate(ev) do
          {:error, reason} ->
            {rejected(id, reason), seq}

          {:ok, effect} ->
            seq = seq + 1
            :ets.insert(:metering_seen, {id, seq, ev})
            apply_effect(effect, seq)
            {{:obj, [{"id", id}, {"status", "accepted"}]}, seq}
        end
    end
  end

  defp rejected(id, reason), do: {:obj, [{"id", id}, {"status", "rejected"}, {"reason", reason}]}

  defp apply_effect({:gauge, app_id, pt, size, t, q}, seq),
    do: :ets.insert(:metering_gauges, {app_id, {pt, size, t, q, seq}})

  defp apply_effect({:meter, addon_id, month, key, micro}, _seq) do
    k = {addon_id, month, key}
    old = case :ets.lookup(:metering_meters, k) do
      [{_, v}] -> v
      [] -> 0
    end

    :ets.insert(:metering_meters, {k, old + micro})
  end

  defp apply_effect(:none, _), do: :ok

  defp validate(ev) do
    app = Map.get(Data.get(:apps), ev["app_id"])
    owner = ev["owner"]
    metric = ev["metric"]
    value = ev["value"]

    with {:ok, t} <- ts(ev["occurred_at"]),
         :ok <- check(is_map(owner) and owner["type"] in ["account", "team"] and is_binary(owner["id"]),
                 "owner must be an object {\"type\": \"account\"|\"team\", \"id\": uuid}"),
         :ok <- check(is_binary(ev["app_id"]), "app_id is required"),
         :ok <- check(app != nil, "unknown app_id"),
         :ok <- check(owns?(owner, app), "owner does not own app_id"),
         :ok <- check(is_binary(metric) and metric != "", "metric is required and must be a non-empty string"),
         :ok <- check(is_number(value) and value >= 0, "value must be a non-negative number") do
      cond do
        metric == @gauge -> gauge(ev, app, t, value)
        Map.has_key?(ev, "addon_id") -> meter(ev, app, t, metric, value)
        true -> {:ok, :none}
      end
    end
  end

  defp gauge(ev, app, t, value) do
    pt = ev["process_type"]
    size = if is_binary(ev["size"]), do: String.downcase(ev["size"]), else: nil

    with :ok <- check(is_binary(pt) and pt != "", "process_type is required for formation.quantity"),
         :ok <- check(size != nil, "size is required for formation.quantity"),
         :ok <- check(Map.has_key?(Data.get(:sizes), size), "unknown dyno size"),
         :ok <- check(is_integer(value), "value must be a non-negative integer for formation.quantity") do
      {:ok, {:gauge, app["id"], pt, size, t, value}}
    end
  end

  defp meter(ev, app, t, metric, value) do
    addon_id = ev["addon_id"]
    known = Data.get(:addons) |> Map.get(app["id"], []) |> Enum.any?(&(&1.addon_id == addon_id))

    with :ok <- check(known, "unknown addon_id for app_id"),
         :ok <- check(metric =~ ~r/\A\w+\z/, "an add-on meter metric must match ^\\w+$") do
      {:ok, {:meter, addon_id, Time.fmt_month(Time.month_of(t)), metric, Data.micro(value)}}
    end
  end

  defp owns?(%{"type" => "team", "id" => id}, app), do: app["team_id"] == id
  defp owns?(%{"type" => "account", "id" => id}, app), do: app["team_id"] == nil and app["owner_account_id"] == id

  defp ts(v) do
    case Time.parse_ts(v) do
      :error -> {:error, "occurred_at must be an ISO-8601 timestamp with an offset (e.g. 2026-01-01T00:00:00Z)"}
      t -> {:ok, t}
    end
  end

  defp check(true, _), do: :ok
  defp check(_, msg), do: {:error, msg}
end
