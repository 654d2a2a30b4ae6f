"use server";

import { redirect } from "next/navigation";

/** The demo takes no orders: nothing typed into the checkout form is kept anywhere. */
export async function placeOrder() {
  redirect("/demo/thanks");
}
