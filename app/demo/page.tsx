import { formatPrice, PRODUCTS } from "./products";

export default function DemoShopPage() {
  return (
    <>
      <h1>Gear for the trail</h1>
      <p className="muted">
        This shop is part of Glimpse. Open a recording link with this shop as the start page to see what a customer
        sees, then watch the recording in the console.
      </p>
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {PRODUCTS.map((p) => (
          <li key={p.slug} className="card row" style={{ alignItems: "center", gap: "1rem" }}>
            <span aria-hidden="true" style={{ width: 48, height: 48, borderRadius: 8, background: p.colour, flex: "none" }} />
            <div style={{ flex: 1 }}>
              <h2 style={{ margin: 0 }}>
                <a href={`/demo/product/${p.slug}`}>{p.name}</a>
              </h2>
              <p style={{ margin: 0 }}>{p.blurb}</p>
            </div>
            <strong>{formatPrice(p.price)}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}
