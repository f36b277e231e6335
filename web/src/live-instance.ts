// SPDX-License-Identifier: Apache-2.0
// The one live stream the views share.
import { LiveStream } from './data/live';

export const live = new LiveStream();
