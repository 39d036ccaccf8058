export { POST } from "@/app/api/domains/checkout/route";
