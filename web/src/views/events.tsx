/**
 * EVENTS OUTBOX TAIL — placeholder. The events feature (issue 11: durable outbox, Stream gateway, HTTP
 * push) is being built on another branch. When it lands, this view lists the outbox live with each
 * event's delivery state: subscribe to its in-process notifications in the watch stream
 * (src/http/routes/emulator/console.ts, a new `events` topic on the LiveBus) and read the backlog through its
 * control-plane listing.
 */
export function EventsPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Events</h1>
      <p>
        The event outbox (Stream mode and HTTP push deliveries, with their state) will show here once vconf
        emits DingTalk events.
      </p>
    </section>
  );
}
