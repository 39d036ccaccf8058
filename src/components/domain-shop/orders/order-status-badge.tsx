import { Badge } from "@mantine/core";
import type { DomainStatus, OrderStatus } from "../types";

const orderLook: Record<OrderStatus, { color: string; label: string }> = {
  pending_payment: { color: "yellow", label: "Awaiting payment" },
  paid: { color: "blue", label: "Paid · registering" },
  completed: { color: "teal", label: "Completed" },
  failed: { color: "red", label: "Failed" },
  expired: { color: "gray", label: "Expired" },
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const look = orderLook[status] ?? { color: "gray", label: status };
  return (
    <Badge color={look.color} variant="light" data-testid="order-status" data-status={status}>
      {look.label}
    </Badge>
  );
}

const domainLook: Record<DomainStatus, { color: string; label: string }> = {
  pending_payment: { color: "yellow", label: "Awaiting payment" },
  paid: { color: "blue", label: "Paid" },
  registering: { color: "blue", label: "Registering" },
  registered: { color: "teal", label: "Registered" },
  configuring_dns: { color: "cyan", label: "Setting up DNS" },
  verifying_dns: { color: "cyan", label: "Checking DNS" },
  active: { color: "teal", label: "Active" },
  failed: { color: "red", label: "Failed" },
  cancelled: { color: "gray", label: "Cancelled" },
};

export function DomainStatusBadge({ status }: { status: DomainStatus | null }) {
  const look = status
    ? (domainLook[status] ?? { color: "gray", label: status })
    : { color: "gray", label: "—" };
  return (
    <Badge color={look.color} variant="light" data-testid="domain-status" data-status={status ?? ""}>
      {look.label}
    </Badge>
  );
}
