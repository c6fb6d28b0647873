import type { InjectionToken, Provider, Type } from '@nestjs/common';
import { APP_CONFIG, AppConfig, AppPart, runs } from './app-config';

/**
 * A provider that, when its module starts (onModuleInit), hands the module's `items` (its
 * scheduled jobs, its event subscribers) to a platform registry, in a process that runs `part`
 * (WBS_MODULES) only: another process runs them there. Modules list it among their providers
 * instead of a module class whose only work was this check and these calls.
 */
export function registerWhenPartRuns<R, T>(part: AppPart, registry: InjectionToken, items: Type<T>[], register: (registry: R, item: T) => void): Provider {
  return {
    provide: Symbol(`${part}: ${items.map((i) => i.name).join(', ')}`),
    inject: [APP_CONFIG, registry, ...items],
    useFactory: (config: AppConfig, target: R, ...instances: T[]) => ({
      onModuleInit(): void {
        if (runs(config, part)) for (const item of instances) register(target, item);
      },
    }),
  };
}
