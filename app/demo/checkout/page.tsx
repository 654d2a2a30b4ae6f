import { findProduct, formatPrice, PRODUCTS } from "../products";
import { placeOrder } from "./place-order";

export default async function DemoCheckoutPage({ searchParams }: { searchParams: Promise<{ item?: string }> }) {
  const product = findProduct((await searchParams).item ?? "") ?? PRODUCTS[0]!;
  return (
    <form action={placeOrder} className="card" style={{ maxWidth: 520 }}>
      <h1>Checkout</h1>
      <p>
        {product.name} · <strong>{formatPrice(product.price)}</strong>
      </p>
      <div className="field">
        <label htmlFor="name">Full name</label>
        <input id="name" name="name" autoComplete="name" placeholder="Jane Doe" required />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" placeholder="jane@example.com" required />
      </div>
      <div className="field">
        <label htmlFor="address">Delivery address</label>
        <textarea id="address" name="address" autoComplete="street-address" rows={3} required />
      </div>
      <div className="field">
        <label htmlFor="card">Card number</label>
        <input id="card" name="card" inputMode="numeric" autoComplete="cc-number" placeholder="4242 4242 4242 4242" required />
      </div>
      <div className="field">
        <label htmlFor="password">Create a password for your account</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={8} />
      </div>
      <button type="submit" className="btn btn-primary">
        Place order
      </button>
    </form>
  );
}
