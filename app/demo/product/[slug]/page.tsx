import { notFound } from "next/navigation";
import { findProduct, formatPrice } from "../../products";

export default async function DemoProductPage({ params }: { params: Promise<{ slug: string }> }) {
  const product = findProduct((await params).slug);
  if (!product) notFound();
  return (
    <article className="card stack">
      <p>
        <a href="/demo">← All products</a>
      </p>
      <div aria-hidden="true" style={{ height: 160, borderRadius: 8, background: product.colour }} />
      <h1>{product.name}</h1>
      <p>{product.blurb}</p>
      <p>
        <strong>{formatPrice(product.price)}</strong> · in stock, ships in 2 days
      </p>
      <p>
        <a className="btn btn-primary" href={`/demo/checkout?item=${product.slug}`}>
          Buy now
        </a>
      </p>
    </article>
  );
}
