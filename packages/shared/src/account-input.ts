import { z } from "zod";

export const ZEmail = z.email("Enter a valid email address.").trim().toLowerCase();

// Length over composition rules (NIST SP 800-63B); the upper bound stops hashing huge inputs.
export const ZPassword = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(128, "Use at most 128 characters.");

export const ZSetupInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  email: ZEmail,
  password: ZPassword,
  organizationName: z.string().trim().min(1, "Name your organization.").max(100),
});

export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password."),
});

export type TSetupInput = z.infer<typeof ZSetupInput>;
export type TSignInInput = z.infer<typeof ZSignInInput>;
