import { Button } from "@/components/ui/button.tsx";
import { signOut } from "../actions.ts";

export function SignOutButton() {
  return (
    <form action={signOut}>
      <Button type="submit" variant="ghost">
        Sign out
      </Button>
    </form>
  );
}
