export default function DemoThanksPage() {
  return (
    <section className="card stack">
      <h1>Thank you!</h1>
      <p>This is a demo: no order was placed and nothing you typed was kept.</p>
      <p>
        <a href="/demo">Back to the shop</a>
      </p>
    </section>
  );
}
