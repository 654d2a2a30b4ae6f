export type TProduct = { slug: string; name: string; price: number; blurb: string; colour: string };

/** The demo shop's catalogue: fixed, so a recording of the demo is the same for everyone. */
export const PRODUCTS: TProduct[] = [
  { slug: "trail-mug", name: "Trail mug", price: 18, blurb: "Enamel mug that survives the campsite and the office.", colour: "#2f4fd8" },
  { slug: "wool-socks", name: "Merino socks", price: 24, blurb: "Warm, thin, and they do not itch. Pack of two.", colour: "#067647" },
  { slug: "field-notebook", name: "Field notebook", price: 12, blurb: "Waterproof pages, 96 of them, dot grid.", colour: "#9a5b00" },
];

export const findProduct = (slug: string) => PRODUCTS.find((p) => p.slug === slug);

export const formatPrice = (price: number) => `€${price.toFixed(2)}`;
